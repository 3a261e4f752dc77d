// Replace with the name of your table.
String tableName = "Music";

DescribeTableResponse response = client.describeTable(DescribeTableRequest.builder()
        .tableName(tableName)
        .build());
System.out.println(response.table().tableStatus());
