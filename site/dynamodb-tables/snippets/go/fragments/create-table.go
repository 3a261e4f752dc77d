output, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
	TableName:            aws.String("Orders"),
	AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("OrderId"), AttributeType: types.ScalarAttributeTypeS}},
	KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("OrderId"), KeyType: types.KeyTypeHash}},
	BillingMode:          types.BillingModePayPerRequest,
})
if err != nil {
	log.Fatal(err)
}
fmt.Println(aws.ToString(output.TableDescription.TableName))
