secretString := `{
  "username": "admin",
  "password": "EXAMPLE-PASSWORD"
}`
output, err := client.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
	Name:         aws.String("MyDatabaseSecret"),
	Description:  aws.String("Credentials of the orders database"),
	SecretString: aws.String(secretString),
})
if err != nil {
	log.Fatal(err)
}
fmt.Println(aws.ToString(output.Name))
