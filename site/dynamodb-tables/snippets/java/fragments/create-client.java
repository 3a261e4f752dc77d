DynamoDbClient client = DynamoDbClient.builder()
        .region(Region.US_WEST_2)
        .build();
