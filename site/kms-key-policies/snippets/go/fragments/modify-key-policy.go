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
var policy map[string]any
if err := json.Unmarshal([]byte(aws.ToString(output.Policy)), &policy); err != nil {
	log.Fatal(err)
}

// Add a statement for the user to the policy's statement list.
statementJSON := `{
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
}`
var statement map[string]any
if err := json.Unmarshal([]byte(statementJSON), &statement); err != nil {
	log.Fatal(err)
}
statements := policy["Statement"].([]any)
if !slices.ContainsFunc(statements, func(existing any) bool {
	other, ok := existing.(map[string]any)
	return ok && other["Sid"] == statement["Sid"]
}) {
	policy["Statement"] = append(statements, statement)
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
