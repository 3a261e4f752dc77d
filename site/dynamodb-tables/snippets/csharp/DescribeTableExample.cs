// Describe a table
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

class DescribeTableExample
{
    static async Task Main()
    {
        using var client = new AmazonDynamoDBClient(RegionEndpoint.USWest2);

        // Replace with the name of your table.
        var tableName = "Music";

        var response = await client.DescribeTableAsync(new DescribeTableRequest
        {
            TableName = tableName,
        });
        Console.WriteLine(response.Table.TableStatus);
    }
}
