// Replace with the name of your bucket.
String bucket = "amzn-s3-demo-bucket";

client.putObject(PutObjectRequest.builder()
        .bucket(bucket)
        .key("notes/hello.txt")
        .contentType("text/plain")
        .build(), RequestBody.fromString("Hello from polysnip"));
