SecretsManagerClient client = SecretsManagerClient.builder()
        .region(Region.US_WEST_2)
        .build();
