# Describe a table
import boto3

client = boto3.client("dynamodb", region_name="us-west-2")

# Replace with the name of your table.
table_name = "Music"

response = client.describe_table(TableName=table_name)
print(response["Table"]["TableStatus"])
