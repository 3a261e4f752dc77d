S3Client client = S3Client.builder()
        .region(Region.US_WEST_2)
        .build();
