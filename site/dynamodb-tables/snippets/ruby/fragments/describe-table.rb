# Replace with the name of your table.
table_name = 'Music'

response = client.describe_table(
  table_name: table_name
)
puts response.table.table_status
