# Store an object
require 'aws-sdk-s3'

client = Aws::S3::Client.new(region: 'us-west-2')

# Replace with the name of your bucket.
bucket = 'amzn-s3-demo-bucket'

client.put_object(
  bucket: bucket,
  key: 'notes/hello.txt',
  body: 'Hello from polysnip',
  content_type: 'text/plain'
)
