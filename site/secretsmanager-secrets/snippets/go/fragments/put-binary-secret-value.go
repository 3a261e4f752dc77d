// Replace with the name or ARN of your secret.
secretID := "MyTestSecret"

_, err = client.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{
	SecretId:     aws.String(secretID),
	SecretBinary: []byte("EXAMPLE key material"),
})
if err != nil {
	log.Fatal(err)
}
