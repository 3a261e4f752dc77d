KmsClient client = KmsClient.builder()
        .region(Region.US_WEST_2)
        .build();
