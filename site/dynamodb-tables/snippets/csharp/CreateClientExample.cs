// Create a client
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.DynamoDB;
using Amazon.DynamoDB.Model;

class CreateClientExample
{
    static void Main()
    {
        using var client = new AmazonDynamoDBClient(RegionEndpoint.USWest2);
    }
}
