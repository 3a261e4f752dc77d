// Replace with the name of your bucket.
String bucket = "amzn-s3-demo-bucket";

// Store the object.
client.putObject(PutObjectRequest.builder()
        .bucket(bucket)
        .key("reports/2024.csv")
        .build(), RequestBody.fromString("year,total\n2024,42\n"));

// List the keys.
ListObjectsV2Response response = client.listObjectsV2(ListObjectsV2Request.builder()
        .bucket(bucket)
        .build());
System.out.println(response.keyCount());
