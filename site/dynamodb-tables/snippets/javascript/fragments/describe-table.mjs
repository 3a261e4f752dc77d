// Replace with the name of your table.
const tableName = "Music";

const response = await client.send(
  new DescribeTableCommand({ TableName: tableName }),
);
console.log(response.Table.TableStatus);
