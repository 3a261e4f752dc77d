// Create a bucket
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

const client = new S3Client({ region: "us-west-2" });

const response = await client.send(
  new CreateBucketCommand({
    Bucket: "amzn-s3-demo-logs",
    CreateBucketConfiguration: { LocationConstraint: "us-west-2" },
  }),
);
console.log(response.Location);
