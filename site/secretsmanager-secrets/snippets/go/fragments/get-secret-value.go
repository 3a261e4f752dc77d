// Replace with the name or ARN of your secret.
secretID := "MyTestSecret"

output, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
	SecretId: aws.String(secretID),
})
if err != nil {
	log.Fatal(err)
}
fmt.Println(aws.ToString(output.SecretString))
