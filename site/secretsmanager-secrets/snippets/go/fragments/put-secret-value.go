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
