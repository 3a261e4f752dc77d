// Replace with the name of your table.
tableName := "Music"

_, err = client.PutItem(ctx, &dynamodb.PutItemInput{
	TableName: aws.String(tableName),
	Item:      map[string]types.AttributeValue{"Artist": &types.AttributeValueMemberS{Value: "No One You Know"}, "SongTitle": &types.AttributeValueMemberS{Value: "Call Me Today"}, "AlbumTitle": &types.AttributeValueMemberS{Value: "Somewhat Famous"}, "Year": &types.AttributeValueMemberN{Value: "2015"}},
})
if err != nil {
	log.Fatal(err)
}
