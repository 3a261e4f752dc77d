// Write an item
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

public class PutItemExample {
    public static void main(String[] args) {
        try (DynamoDbClient client = DynamoDbClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name of your table.
            String tableName = "Music";

            client.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(Map.ofEntries(Map.entry("Artist", AttributeValue.builder().s("No One You Know").build()), Map.entry("SongTitle", AttributeValue.builder().s("Call Me Today").build()), Map.entry("AlbumTitle", AttributeValue.builder().s("Somewhat Famous").build()), Map.entry("Year", AttributeValue.builder().n("2015").build())))
                    .build());
        }
    }
}
