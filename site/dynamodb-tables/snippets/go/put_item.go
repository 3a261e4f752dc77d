// Write an item
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"))
	if err != nil {
		log.Fatal(err)
	}
	client := dynamodb.NewFromConfig(cfg)

	// Replace with the name of your table.
	tableName := "Music"

	_, err = client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(tableName),
		Item:      map[string]types.AttributeValue{"Artist": &types.AttributeValueMemberS{Value: "No One You Know"}, "SongTitle": &types.AttributeValueMemberS{Value: "Call Me Today"}, "AlbumTitle": &types.AttributeValueMemberS{Value: "Somewhat Famous"}, "Year": &types.AttributeValueMemberN{Value: "2015"}},
	})
	if err != nil {
		log.Fatal(err)
	}
}
