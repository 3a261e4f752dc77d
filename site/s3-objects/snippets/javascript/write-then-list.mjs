// Store an object, then list the bucket
import {
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";

const client = new S3Client({ region: "us-west-2" });

// Replace with the name of your bucket.
const bucket = "amzn-s3-demo-bucket";

// Store the object.
await client.send(
  new PutObjectCommand({
    Bucket: bucket,
    Key: "reports/2024.csv",
    Body: new TextEncoder().encode("year,total\n2024,42\n"),
  }),
);

// List the keys.
const response = await client.send(
  new ListObjectsV2Command({ Bucket: bucket }),
);
console.log(response.KeyCount);
