using var client = new AmazonSecretsManagerClient(RegionEndpoint.USWest2);
