CreateBucketResponse response = client.createBucket(CreateBucketRequest.builder()
        .bucket("amzn-s3-demo-logs")
        .createBucketConfiguration(CreateBucketConfiguration.builder().locationConstraint(BucketLocationConstraint.US_WEST_2).build())
        .build());
System.out.println(response.location());
