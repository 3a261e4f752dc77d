// Replace with the name of your table.
const tableName = "Music";

await client.send(
  new PutItemCommand({
    TableName: tableName,
    Item: {
      Artist: { S: "No One You Know" },
      SongTitle: { S: "Call Me Today" },
      AlbumTitle: { S: "Somewhat Famous" },
      Year: { N: "2015" },
    },
  }),
);
