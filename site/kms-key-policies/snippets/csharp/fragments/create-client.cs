using var client = new AmazonKeyManagementServiceClient(RegionEndpoint.USWest2);
