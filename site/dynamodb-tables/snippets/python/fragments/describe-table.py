# Replace with the name of your table.
table_name = "Music"

response = client.describe_table(TableName=table_name)
print(response["Table"]["TableStatus"])
