// Store a new value in a secret
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"))
	if err != nil {
		log.Fatal(err)
	}
	client := secretsmanager.NewFromConfig(cfg)

	// Replace with the name or ARN of your secret.
	secretID := "MyTestSecret"

	secretString := `{
	  "username": "bob"
	}`
	output, err := client.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{
		SecretId:           aws.String(secretID),
		ClientRequestToken: aws.String("EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE"),
		SecretString:       aws.String(secretString),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(aws.ToString(output.VersionId))
}
