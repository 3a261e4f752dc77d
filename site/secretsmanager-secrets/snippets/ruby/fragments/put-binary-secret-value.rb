# Replace with the name or ARN of your secret.
secret_id = 'MyTestSecret'

client.put_secret_value(
  secret_id: secret_id,
  secret_binary: 'EXAMPLE key material'
)
