// Replace with the name of your table.
var tableName = "Music";

var response = await client.DescribeTableAsync(new DescribeTableRequest
{
    TableName = tableName,
});
Console.WriteLine(response.Table.TableStatus);
