// Replace with the name of your bucket.
const bucket = "amzn-s3-demo-bucket";

await client.send(
  new PutObjectCommand({
    Bucket: bucket,
    Key: "notes/hello.txt",
    Body: new TextEncoder().encode("Hello from polysnip"),
    ContentType: "text/plain",
  }),
);
