// Replace with the ID or ARN of your KMS key.
keyID := "1234abcd-12ab-34cd-56ef-1234567890ab"

output, err := client.ListKeyPolicies(ctx, &kms.ListKeyPoliciesInput{
	KeyId: aws.String(keyID),
})
if err != nil {
	log.Fatal(err)
}
fmt.Println(output.PolicyNames)
