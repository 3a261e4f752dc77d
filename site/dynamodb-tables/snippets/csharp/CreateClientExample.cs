// Create a client
using System;
using System.Threading.Tasks;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

class CreateClientExample
{
    static void Main()
    {
        using var client = new AmazonDynamoDBClient(RegionEndpoint.USWest2);
    }
}
