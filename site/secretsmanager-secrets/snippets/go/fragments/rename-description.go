// Replace with the name or ARN of your secret.
secretID := "MyTestSecret"

// Change the description.
_, err = client.UpdateSecret(ctx, &secretsmanager.UpdateSecretInput{
	SecretId:    aws.String(secretID),
	Description: aws.String("Secret of the orders service"),
})
if err != nil {
	log.Fatal(err)
}

// Read the secret's details back.
output, err := client.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{
	SecretId: aws.String(secretID),
})
if err != nil {
	log.Fatal(err)
}
fmt.Println(aws.ToString(output.Description))
