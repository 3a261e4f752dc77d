// Write an item, then read it by its key
package main

import (
	"context"
	"encoding/json"
	"fmt"
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

	// Write the item.
	_, err = client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(tableName),
		Item:      map[string]types.AttributeValue{"Artist": &types.AttributeValueMemberS{Value: "Acme Band"}, "SongTitle": &types.AttributeValueMemberS{Value: "Happy Day"}, "AlbumTitle": &types.AttributeValueMemberS{Value: "Songs About Life"}},
	})
	if err != nil {
		log.Fatal(err)
	}

	// Read it back by its full key.
	output, err := client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(tableName),
		Key:       map[string]types.AttributeValue{"Artist": &types.AttributeValueMemberS{Value: "Acme Band"}, "SongTitle": &types.AttributeValueMemberS{Value: "Happy Day"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	itemJSON, err := json.Marshal(output.Item)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(itemJSON))
}
