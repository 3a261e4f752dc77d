using var client = new AmazonDynamoDBClient(RegionEndpoint.USWest2);
