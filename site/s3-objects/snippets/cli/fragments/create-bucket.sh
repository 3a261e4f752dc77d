aws s3api create-bucket \
    --bucket amzn-s3-demo-logs \
    --create-bucket-configuration '{"LocationConstraint": "us-west-2"}' \
    --query Location \
    --output text
