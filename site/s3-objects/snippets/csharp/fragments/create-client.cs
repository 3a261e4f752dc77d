using var client = new AmazonSimpleStorageServiceClient(RegionEndpoint.USWest2);
