using var client = new AmazonS3Client(RegionEndpoint.USWest2);
