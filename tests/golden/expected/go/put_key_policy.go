// Replace the key policy of a KMS key
package main

import (
	"context"
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

	keyPolicy := `{
	  "Version": "2012-10-17",
	  "Id": "key-default-1",
	  "Statement": [
	    {
	      "Sid": "Enable IAM User Permissions",
	      "Effect": "Allow",
	      "Principal": {
	        "AWS": "arn:aws:iam::111122223333:root"
	      },
	      "Action": "kms:*",
	      "Resource": "*"
	    },
	    {
	      "Sid": "Allow Use of Key",
	      "Effect": "Allow",
	      "Principal": {
	        "AWS": "arn:aws:iam::111122223333:user/test-user"
	      },
	      "Action": [
	        "kms:DescribeKey",
	        "kms:ListKeys"
	      ],
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
		log.Fatal(err)
	}
}
