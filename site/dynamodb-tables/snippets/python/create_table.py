# Create a table
import boto3

client = boto3.client("dynamodb", region_name="us-west-2")

response = client.create_table(
    TableName="Orders",
    AttributeDefinitions=[{"AttributeName": "OrderId", "AttributeType": "S"}],
    KeySchema=[{"AttributeName": "OrderId", "KeyType": "HASH"}],
    BillingMode="PAY_PER_REQUEST",
)
print(response["TableDescription"]["TableName"])
