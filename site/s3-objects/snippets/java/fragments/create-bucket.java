CreateBucketResponse response = client.createBucket(CreateBucketRequest.builder()
        .bucket("amzn-s3-demo-logs")
        .createBucketConfiguration(CreateBucketConfiguration.builder().locationConstraint("us-west-2").build())
        .build());
System.out.println(response.location());
