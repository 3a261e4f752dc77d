// Verification floor (Go): the KMS spec's six calls, made directly with the AWS SDK for
// Go v2 in one binary, against the bench's moto server (AWS_ENDPOINT_URL), on the key in
// POLYSNIP_KEY_ID. Built once by the bench in the Go runner's workspace module, offline.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

const policyDocument = `{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow Use of Key",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:user/test-user"},
      "Action": ["kms:DescribeKey", "kms:ListKeys"],
      "Resource": "*"
    }
  ]
}`

const statementJSON = `{
  "Sid": "Allow access for ExampleUser",
  "Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::111122223333:user/ExampleUser"},
  "Action": ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey", "kms:ReEncrypt*"],
  "Resource": "*"
}`

func getPolicy(ctx context.Context, client *kms.Client, keyID string) string {
	output, err := client.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(keyID), PolicyName: aws.String("default")})
	if err != nil {
		log.Fatal(err)
	}
	return aws.ToString(output.Policy)
}

func putPolicy(ctx context.Context, client *kms.Client, keyID string, policy string) {
	_, err := client.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{
		KeyId: aws.String(keyID), PolicyName: aws.String("default"), Policy: aws.String(policy),
	})
	if err != nil {
		log.Fatal(err)
	}
}

func main() {
	ctx := context.Background()
	keyID := os.Getenv("POLYSNIP_KEY_ID")
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"))
	if err != nil {
		log.Fatal(err)
	}
	client := kms.NewFromConfig(cfg)

	// list-key-policies, get-key-policy, put-key-policy
	listed, err := client.ListKeyPolicies(ctx, &kms.ListKeyPoliciesInput{KeyId: aws.String(keyID)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(listed.PolicyNames)
	fmt.Println(getPolicy(ctx, client, keyID))
	var document map[string]any
	if err := json.Unmarshal([]byte(policyDocument), &document); err != nil {
		log.Fatal(err)
	}
	compact, err := json.Marshal(document)
	if err != nil {
		log.Fatal(err)
	}
	putPolicy(ctx, client, keyID, string(compact))

	// modify-key-policy: get, edit, put, get
	var policy map[string]any
	if err := json.Unmarshal([]byte(getPolicy(ctx, client, keyID)), &policy); err != nil {
		log.Fatal(err)
	}
	var statement map[string]any
	if err := json.Unmarshal([]byte(statementJSON), &statement); err != nil {
		log.Fatal(err)
	}
	policy["Statement"] = append(policy["Statement"].([]any), statement)
	edited, err := json.Marshal(policy)
	if err != nil {
		log.Fatal(err)
	}
	putPolicy(ctx, client, keyID, string(edited))
	fmt.Println(getPolicy(ctx, client, keyID))
}
