# Replace with the name or ARN of your secret.
secret_id = "MyTestSecret"

# Change the description.
client.update_secret(SecretId=secret_id, Description="Secret of the orders service")

# Read the secret's details back.
response = client.describe_secret(SecretId=secret_id)
print(response["Description"])
