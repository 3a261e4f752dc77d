// Replace the key policy of a KMS key
package main

import (
	"context"
	"errors"
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
	// Replace with your AWS account ID.
	accountID := "111122223333"
	// Replace with the ARN of an existing IAM user or role that may use the key.
	userARN := "arn:aws:iam::111122223333:user/ExampleUser"

	keyPolicy := `{
	  "Version": "2012-10-17",
	  "Id": "key-default-1",
	  "Statement": [
	    {
	      "Sid": "Enable IAM User Permissions",
	      "Effect": "Allow",
	      "Principal": {
	        "AWS": "arn:aws:iam::` + accountID + `:root"
	      },
	      "Action": "kms:*",
	      "Resource": "*"
	    },
	    {
	      "Sid": "Allow Use of Key",
	      "Effect": "Allow",
	      "Principal": {
	        "AWS": "` + userARN + `"
	      },
	      "Action": "kms:DescribeKey",
	      "Resource": "*"
	    }
	  ]
	}`
	_, err = client.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{
		KeyId:      aws.String(keyID),
		PolicyName: aws.String("default"),
		Policy:     aws.String(keyPolicy),
	})
	if err != nil {
		var malformedPolicyDocument *types.MalformedPolicyDocumentException
		if errors.As(err, &malformedPolicyDocument) {
			log.Fatal("MalformedPolicyDocumentException: The request was rejected because the specified policy is not syntactically or semantically correct. ", malformedPolicyDocument.ErrorMessage())
		}
		var notFound *types.NotFoundException
		if errors.As(err, &notFound) {
			log.Fatal("NotFoundException: The request was rejected because the specified entity or resource could not be found. ", notFound.ErrorMessage())
		}
		log.Fatal(err)
	}
}
