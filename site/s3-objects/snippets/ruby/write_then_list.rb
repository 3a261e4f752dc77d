# Store an object, then list the bucket
require 'aws-sdk-s3'

client = Aws::S3::Client.new(region: 'us-west-2')

# Replace with the name of your bucket.
bucket = 'amzn-s3-demo-bucket'

# Store the object.
client.put_object(
  bucket: bucket,
  key: 'reports/2024.csv',
  body: "year,total\n2024,42\n"
)

# List the keys.
response = client.list_objects_v2(
  bucket: bucket
)
p response.key_count
