# Replace with the name or ARN of a secret that holds bytes.
blob_secret = 'MyBlob'

response = client.get_secret_value(
  secret_id: blob_secret
)
p response.secret_binary
