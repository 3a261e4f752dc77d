// Replace with the name or ARN of a secret that holds bytes.
blobSecret := "MyBlob"

output, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
	SecretId: aws.String(blobSecret),
})
if err != nil {
	log.Fatal(err)
}
fmt.Println(base64.StdEncoding.EncodeToString(output.SecretBinary))
