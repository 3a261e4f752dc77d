// Modify a key policy
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"slices"

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
	// Replace with the ARN of an existing IAM user or role that may use the key.
	userARN := "arn:aws:iam::111122223333:user/ExampleUser"

	// Read the current key policy.
	output, err := client.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{
		KeyId:      aws.String(keyID),
		PolicyName: aws.String("default"),
	})
	if err != nil {
		log.Fatal(err)
	}
	// A policy's members in their usual order; each statement is kept exactly as written.
	type policyDocument struct {
		Version   string            `json:"Version,omitempty"`
		ID        string            `json:"Id,omitempty"`
		Statement []json.RawMessage `json:"Statement"`
	}
	var policy policyDocument
	if err := json.Unmarshal([]byte(aws.ToString(output.Policy)), &policy); err != nil {
		log.Fatal(err)
	}

	// Add a statement for the user to the policy's statement list.
	statement := json.RawMessage(`{
	  "Sid": "Allow access for key user",
	  "Effect": "Allow",
	  "Principal": {
	    "AWS": "` + userARN + `"
	  },
	  "Action": [
	    "kms:Encrypt",
	    "kms:GenerateDataKey*",
	    "kms:Decrypt",
	    "kms:DescribeKey",
	    "kms:ReEncrypt*"
	  ],
	  "Resource": "*"
	}`)
	// Only the Sid of a statement is read, to compare it.
	type keyed struct {
		Value any `json:"Sid"`
	}
	var added keyed
	if err := json.Unmarshal(statement, &added); err != nil {
		log.Fatal(err)
	}
	if !slices.ContainsFunc(policy.Statement, func(existing json.RawMessage) bool {
		var other keyed
		return json.Unmarshal(existing, &other) == nil && other.Value == added.Value
	}) {
		policy.Statement = append(policy.Statement, statement)
	}

	// Write the whole edited policy back.
	var policyJSON bytes.Buffer
	encoder := json.NewEncoder(&policyJSON)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(policy); err != nil {
		log.Fatal(err)
	}
	_, err = client.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{
		KeyId:      aws.String(keyID),
		PolicyName: aws.String("default"),
		Policy:     aws.String(policyJSON.String()),
	})
	if err != nil {
		log.Fatal(err)
	}

	// Read the policy again to confirm the new statement is there.
	output, err = client.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{
		KeyId:      aws.String(keyID),
		PolicyName: aws.String("default"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(aws.ToString(output.Policy))
}
