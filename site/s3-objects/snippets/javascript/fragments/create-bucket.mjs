const response = await client.send(
  new CreateBucketCommand({
    Bucket: "amzn-s3-demo-logs",
    CreateBucketConfiguration: { LocationConstraint: "us-west-2" },
  }),
);
console.log(response.Location);
