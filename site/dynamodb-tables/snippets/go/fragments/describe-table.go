// Replace with the name of your table.
tableName := "Music"

output, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{
	TableName: aws.String(tableName),
})
if err != nil {
	log.Fatal(err)
}
fmt.Println(output.Table.TableStatus)
