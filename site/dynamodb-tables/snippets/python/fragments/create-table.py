response = client.create_table(
    TableName="Orders",
    AttributeDefinitions=[{"AttributeName": "OrderId", "AttributeType": "S"}],
    KeySchema=[{"AttributeName": "OrderId", "KeyType": "HASH"}],
    BillingMode="PAY_PER_REQUEST",
)
print(response["TableDescription"]["TableName"])
