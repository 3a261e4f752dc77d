// Create a secret
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

	secretString := `{
	  "username": "admin",
	  "password": "EXAMPLE-PASSWORD"
	}`
	output, err := client.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name:         aws.String("MyDatabaseSecret"),
		Description:  aws.String("Credentials of the orders database"),
		SecretString: aws.String(secretString),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(aws.ToString(output.Name))
}
