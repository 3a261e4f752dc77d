// Read the key policy of a KMS key
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
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

	output, err := client.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{
		KeyId:      aws.String(keyID),
		PolicyName: aws.String("default"),
	})
	if err != nil {
		var notFound *types.NotFoundException
		if errors.As(err, &notFound) {
			log.Fatal("NotFoundException: The request was rejected because the specified entity or resource could not be found. ", notFound.ErrorMessage())
		}
		log.Fatal(err)
	}
	fmt.Println(aws.ToString(output.Policy))
}
