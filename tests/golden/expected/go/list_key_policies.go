// List the key policies of a KMS key
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"))
	if err != nil {
		log.Fatal(err)
	}
	client := kms.NewFromConfig(cfg)

	// Replace with the ID or ARN of your KMS key.
	keyID := "1234abcd-12ab-34cd-56ef-1234567890ab"

	output, err := client.ListKeyPolicies(ctx, &kms.ListKeyPoliciesInput{
		KeyId: aws.String(keyID),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(output.PolicyNames)
}
